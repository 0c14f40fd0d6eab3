// The workbook worker's loader (src/ui/workbook.rs): it loads the worker's
// WebAssembly. The page puts the worker's version in this file's address
// (`?v=…`, scripts/workbook-version.mjs), and the loader passes it on, so
// that a browser never pairs a cached file of one build with a file of
// another (trunk does not hash a worker's file names). A failure to load is thrown where the page hears it
// (the worker's `error` event) rather than left in a promise no one awaits.
const version = self.location.search;
importScripts(`./sightline-workbook.js${version}`);
wasm_bindgen(`./sightline-workbook_bg.wasm${version}`).catch((error) => {
  setTimeout(() => {
    throw error;
  });
});
