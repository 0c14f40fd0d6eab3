//! The few browser facilities the views need (time, ids, downloads, file bytes,
//! dialogs), in one place so the components stay about what they show.

use crate::ui::route::Route;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Today in the person's own time zone.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(crate::engine::demo::default_as_of)
}

/// How the browser's locale writes numbers and dates (`Intl`), for
/// `engine::display`; `None` if `Intl` does not answer as expected.
pub fn reader_locale() -> Option<crate::engine::display::Locale> {
    use crate::engine::display::{DatePiece, Locale};
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    let parts = |array: Array| -> Vec<(String, String)> {
        array
            .iter()
            .filter_map(|part| {
                let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
                let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
                Some((kind, value))
            })
            .collect()
    };
    let numbers = Intl::NumberFormat::new(&Array::new(), &Object::new());
    let number_parts = parts(numbers.format_to_parts(1_234_567.5));
    let piece = |kind: &str| {
        number_parts
            .iter()
            .find(|(found, _)| found == kind)
            .map(|(_, value)| value.clone())
    };
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("timeZone", "UTC"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let dates = Intl::DateTimeFormat::new(&Array::new(), &options);
    let day = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::utc(2026.0, 10.0)));
    let date: Vec<DatePiece> = parts(dates.format_to_parts(&day))
        .into_iter()
        .map(|(kind, value)| match kind.as_str() {
            "year" => DatePiece::Year,
            "month" => DatePiece::Month,
            "day" => DatePiece::Day,
            _ => DatePiece::Text(value),
        })
        .collect();
    // Latin digits only: a locale writing its own digits keeps the default.
    let latin = |text: &str| {
        text.chars()
            .all(|character| !character.is_numeric() || character.is_ascii_digit())
    };
    let all_there = [DatePiece::Year, DatePiece::Month, DatePiece::Day]
        .iter()
        .all(|piece| date.contains(piece));
    if !all_there || !number_parts.iter().all(|(_, value)| latin(value)) {
        return None;
    }
    Some(Locale {
        group: piece("group").unwrap_or_default(),
        decimal: piece("decimal")?,
        date,
    })
}

/// A fresh record id: time-ordered, with randomness against two tabs colliding.
pub fn new_id(prefix: &str) -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{prefix}-{:x}-{random:08x}", now_ms())
}

pub fn hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to a route (a new history entry, so Back works).
pub fn navigate(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href());
    }
}

/// Goes to a route in place of the current one (redirects).
pub fn redirect(route: &Route) {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let base = location.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or_default();
        let _ = location.replace(&format!("{base}{}", route.href()));
    }
}

/// Asks a yes/no question (destructive actions only).
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

pub fn remove_element(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|doc| doc.get_element_by_id(id))
    {
        element.remove();
    }
}

/// Saves a Blob as a file through the browser's download, nothing leaves the machine.
pub fn download(blob: &Blob, file_name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let url = gloo::file::ObjectUrl::from(gloo::file::Blob::from(blob.clone()));
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download has started from the URL; release it once the browser is done.
    gloo::timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}

pub fn bytes_to_blob(bytes: &[u8], mime: &str) -> Result<Blob, String> {
    js_bytes_to_blob(&js_sys::Uint8Array::from(bytes), mime)
}

/// A file of bytes the browser already holds (a worker's answer), not copied
/// through WebAssembly's memory.
pub fn js_bytes_to_blob(bytes: &js_sys::Uint8Array, mime: &str) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot build the file".to_string())
}

/// Reads a Blob's bytes into memory.
pub async fn read_bytes(blob: &Blob) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The files a file input's `change` event carries. The input is cleared, so
/// that choosing the same file again (after fixing it, say) fires again.
pub fn chosen_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input.files().map_or_else(Vec::new, |files| {
        (0..files.length())
            .filter_map(|index| files.get(index))
            .collect()
    });
    input.set_value("");
    files
}

/// The runs of one piece of async work of which only the latest counts: a
/// run started later supersedes the earlier ones, whose results are dropped
/// and whose slices stop (a resource would drop the result but let the work
/// run on).
#[derive(Debug, Clone, Copy)]
pub struct LatestRun(leptos::prelude::StoredValue<u64>);

impl LatestRun {
    pub fn new() -> LatestRun {
        LatestRun(leptos::prelude::StoredValue::new(0))
    }

    /// Starts a run; the check it gives says whether this run is still the
    /// latest (false too once the view that started it is gone).
    pub fn start(self) -> impl Fn() -> bool + Copy + 'static {
        use leptos::prelude::{GetValue, UpdateValue};
        self.0.update_value(|runs| *runs += 1);
        let this_run = self.0.get_value();
        move || self.0.try_get_value() == Some(this_run)
    }
}

/// When long work should let the browser paint: every `every_ms` of work
/// (16 ms, a frame, where a table may be scrolled meanwhile; longer where a
/// progress bar is all there is to see).
pub struct SliceClock {
    every_ms: i64,
    started: i64,
}

impl SliceClock {
    pub fn every(every_ms: i64) -> SliceClock {
        SliceClock {
            every_ms,
            started: now_ms(),
        }
    }

    /// Whether a slice's time is up; if so, the next slice starts now.
    pub fn due(&mut self) -> bool {
        let now = now_ms();
        let due = now - self.started >= self.every_ms;
        if due {
            self.started = now;
        }
        due
    }
}

/// Builds `total` items with `make`, letting the browser paint and handle
/// input about every 16 ms (a frame), so building a large table never
/// freezes the page, nor stutters a table scrolled meanwhile; `None` when
/// `still_wanted` turns false meanwhile (a newer build started, the table is
/// gone).
pub async fn build_in_slices<T>(
    total: usize,
    mut make: impl FnMut(usize) -> T,
    still_wanted: impl Fn() -> bool,
) -> Option<Vec<T>> {
    let mut clock = SliceClock::every(16);
    let mut built = Vec::with_capacity(total);
    for at in 0..total {
        built.push(make(at));
        if at % 64 == 63 && clock.due() {
            yield_to_browser().await;
            if !still_wanted() {
                return None;
            }
        }
    }
    Some(built)
}

/// Asks the browser to keep this site's storage until the person deletes it
/// (`navigator.storage.persist()`); whether it will, `None` where it cannot say.
pub async fn persist_storage() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    JsFuture::from(storage.persist().ok()?)
        .await
        .ok()?
        .as_bool()
}

/// Whether the browser keeps this site's storage until the person deletes it.
pub async fn storage_persisted() -> Option<bool> {
    let storage = web_sys::window()?.navigator().storage();
    JsFuture::from(storage.persisted().ok()?)
        .await
        .ok()?
        .as_bool()
}

/// Lets the browser paint (a progress bar, say) before more work.
pub async fn yield_to_browser() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

/// Waits until the page as it stands now has been painted: the next frame's
/// callback, then a task after that frame.
pub async fn after_next_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(frame).await;
    yield_to_browser().await;
}
