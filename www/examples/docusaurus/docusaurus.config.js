// The Docusaurus example (www/examples/docusaurus): the pv-playground npm package, installed
// from its packed tarball by scripts/build-docusaurus.sh, is served as a static folder, and its
// embedding script is loaded on every page; the docs write <pv-playground> elements in MDX.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const baseUrl = process.env.PVP_BASE_URL ?? '/examples/docusaurus/';

export default {
  title: 'pv-playground in Docusaurus',
  url: 'http://127.0.0.1',
  baseUrl,
  onBrokenLinks: 'throw',
  // No icon file: an empty one keeps the browser from asking for /favicon.ico.
  headTags: [{ tagName: 'link', attributes: { rel: 'icon', href: 'data:,' } }],
  i18n: { defaultLocale: 'en', locales: ['en'] },
  // The package's files (embedding script, wasm modules, style sheet) served as they are: the
  // script loads the wasm and the style sheet from beside itself.
  staticDirectories: ['static', dirname(require.resolve('pv-playground/package.json'))],
  scripts: [{ src: `${baseUrl}pv-playground-embed.js`, type: 'module' }],
  presets: [
    [
      'classic',
      {
        docs: { routeBasePath: '/', sidebarPath: './sidebars.js' },
        blog: false,
        pages: false,
        theme: { customCss: './src/css/custom.css' },
      },
    ],
  ],
  themeConfig: {
    colorMode: { defaultMode: 'light', respectPrefersColorScheme: false },
    navbar: { title: 'pv-playground example' },
  },
};
