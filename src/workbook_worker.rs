//! The page's workbook worker (see `ui::workbook`): trunk builds this binary
//! for wasm32 as a web worker beside the page (index.html). It writes a
//! workbook from the cells the page transfers, with the engine's writer, so
//! that the page and `sightline … --out FILE.xlsx` write the same bytes. On
//! a native target it only says what it is.

#[cfg(target_arch = "wasm32")]
fn main() {
    use sightline::engine::export::WorkbookCells;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let written = if data.is_instance_of::<js_sys::Uint8Array>() {
            let cells = js_sys::Uint8Array::from(data).to_vec();
            WorkbookCells::from_bytes(cells).and_then(|cells| cells.write())
        } else {
            Err(sightline::engine::export::ExportError::UnreadableCells)
        };
        let _ = match written {
            Ok(workbook) => {
                let workbook = js_sys::Uint8Array::from(workbook.as_slice());
                let transfer = js_sys::Array::of1(&workbook.buffer());
                replies.post_message_with_transfer(&workbook, &transfer)
            }
            Err(error) => replies.post_message(&JsValue::from_str(&error.to_string())),
        };
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker answers for as long as it runs.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(sightline::ui::workbook::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sightline-workbook is the page's workbook worker; trunk builds it with the page. For the command line, run `sightline`.");
}
