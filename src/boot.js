// Starts the WebAssembly app. It is a file of its own, not an inline script, so
// that the Content-Security-Policy can forbid inline scripts altogether. trunk
// writes the hashed names of the app's files on this script's tag (Trunk.toml).
const tag = document.querySelector("script[data-sightline-js]");
const { default: init } = await import(new URL(tag.dataset.sightlineJs, document.baseURI).href);
await init({ module_or_path: new URL(tag.dataset.sightlineWasm, document.baseURI) });
