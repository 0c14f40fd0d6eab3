//! The web app's entry point: trunk builds this binary for wasm32 and the page's
//! `boot.js` starts it. On a native target it only points to the command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    sightline::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sightline-web is the page; build it with `trunk build`. For the command line, run `sightline`.");
}
