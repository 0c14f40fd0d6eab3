//! Excel downloads are written by the page's workbook worker
//! (`src/workbook_worker.rs`, which trunk builds beside the page as
//! `sightline-workbook.js` and its WebAssembly): the page records the table's
//! typed cells (`engine::export::WorkbookCells`), and the worker writes the
//! workbook from them.
//!
//! Why a worker: the workbook writer and its zip compressor are a fifth of
//! the page's WebAssembly, which every visit would otherwise download before
//! the first screen; in the worker they are fetched the first time someone
//! downloads a workbook. And a large workbook (seconds to write) does not
//! freeze the page.
//!
//! The exchange: the worker says [`READY`] once it listens; the page then
//! transfers the cells' bytes; the worker answers with the workbook's bytes,
//! or with the message of why it could not write it. A worker is started for
//! each workbook and stopped after.

use crate::engine::export::{ExportFormat, WorkbookCells};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

/// What the worker says once it listens for cells.
pub const READY: &str = "sightline-workbook: ready";

/// The worker's script: the loader of the worker's WebAssembly
/// (`src/workbook_loader.js`), beside the page (a relative address, so any
/// host and sub-path serves it).
const WORKER_SCRIPT: &str = "./workbook_loader.js";

/// The worker's address: its script, with the version of the worker built
/// with this page (a hash of its files, which the build writes into the
/// page, `scripts/workbook-version.mjs`), so that a browser fetches the
/// worker of the page's build, never one cached from another.
fn worker_address() -> String {
    let build = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector("meta[name=sightline-workbook]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    format!(
        "{WORKER_SCRIPT}?v={}",
        String::from(js_sys::encode_uri_component(&build))
    )
}

const STOPPED: &str =
    "the Excel file could not be written: the Excel writer stopped; download the table as CSV, which Excel opens too";

/// Writes the workbook of `cells` in a worker: the file, ready to download.
pub async fn write_workbook(cells: WorkbookCells) -> Result<Blob, String> {
    let worker = Worker::new(&worker_address()).map_err(|_| STOPPED.to_string())?;
    let cells = js_sys::Uint8Array::from(cells.into_bytes().as_slice());
    // The worker's callbacks live until its answer (dropped after).
    let mut callbacks = None;
    let answer =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let to_worker = worker.clone();
            let cells = cells.clone();
            let reject_answer = reject.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let data = event.data();
                if data.as_string().as_deref() == Some(READY) {
                    // Transferred, not copied: the page's copy is gone after.
                    let transfer = js_sys::Array::of1(&cells.buffer());
                    if to_worker
                        .post_message_with_transfer(&cells, &transfer)
                        .is_err()
                    {
                        let _ = reject_answer.call1(&JsValue::NULL, &JsValue::from_str(STOPPED));
                    }
                } else if data.is_instance_of::<js_sys::Uint8Array>() {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                } else {
                    let _ = reject_answer.call1(&JsValue::NULL, &data);
                }
            });
            // The worker failed to load or stopped (a trap): say so, once.
            let on_error =
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    event.prevent_default();
                    let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(STOPPED));
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            callbacks = Some((on_message, on_error));
        });
    let answer = JsFuture::from(answer).await;
    worker.terminate();
    drop(callbacks);
    let workbook =
        answer.map_err(|message| message.as_string().unwrap_or_else(|| STOPPED.into()))?;
    crate::ui::browser::js_bytes_to_blob(workbook.unchecked_ref(), ExportFormat::Excel.media_type())
}
