/** The analyzer's CLI entry, which ships no types. */
declare module '@custom-elements-manifest/analyzer/cli.js' {
  export function cli(options: {
    argv: string[];
    cwd: string;
    noWrite?: boolean;
  }): Promise<import('custom-elements-manifest/schema.js').Package>;
}

/** The Custom Elements Manifest, analysed when Storybook builds (see main.ts). */
declare module 'virtual:custom-elements-manifest' {
  const manifest: import('custom-elements-manifest/schema.js').Package;
  export default manifest;
}

/** A script bundled on its own by Vite, as a URL (the card frame's, for the in-page endpoint). */
declare module '*?worker&url' {
  const url: string;
  export default url;
}
