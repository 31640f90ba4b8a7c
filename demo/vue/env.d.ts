// Single-file components, for TypeScript outside them (Vite's Vue plugin compiles them).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
