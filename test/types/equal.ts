/**
 * Type equality for the compile-time checks in this folder: `Equal<X, Y>` is
 * `true` only when X and Y are the same type, not merely assignable one way
 * (so `any`, a wider union or an extra optional member all fail), and
 * `Expect<…>` fails the build unless given `true`.
 */
export type Equal<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

export type Expect<Check extends true> = Check;
