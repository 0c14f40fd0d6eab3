//! A panic in WASM stops the app for good. This hook makes sure the person sees
//! what happened, in plain words, instead of a page that silently stopped working.

use wasm_bindgen::JsValue;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&detail));
        show(&detail);
    }));
}

fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_id("crash");
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alert");
    // Text only: the detail may hold user data and is never parsed as HTML.
    let heading = document.create_element("h2").ok();
    let message = document.create_element("p").ok();
    let technical = document.create_element("pre").ok();
    if let (Some(heading), Some(message), Some(technical)) = (heading, message, technical) {
        heading.set_text_content(Some("Sightline stopped because of an internal error"));
        message.set_text_content(Some(
            "Your workspaces are safe: everything saved before this moment is kept in this browser. \
             Reload the page to continue. If it happens again, please report the details below.",
        ));
        technical.set_text_content(Some(detail));
        let _ = panel.append_child(&heading);
        let _ = panel.append_child(&message);
        let _ = panel.append_child(&technical);
    }
    let _ = body.append_child(&panel);
}
