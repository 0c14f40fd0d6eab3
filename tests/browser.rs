//! Browser tests (`wasm-bindgen-test` in headless Chromium): the IndexedDB store,
//! its migration from an older schema, backups, and the app's components driven
//! as a person would, uploads included.
#![cfg(target_arch = "wasm32")]

use sightline::engine::source_kind::SourceKind;
use sightline::engine::workspace::{DatasetMeta, Workspace, WorkspaceSettings};
use sightline::store::{backup, schema, Store};
use sightline::ui::app::AppState;
use sightline::ui::route::Route;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn workspace(id: &str, name: &str) -> Workspace {
    Workspace {
        id: id.to_string(),
        name: name.to_string(),
        created_at_ms: 1_700_000_000_000,
        settings: WorkspaceSettings::default(),
    }
}

fn dataset(id: &str, workspace_id: &str, bytes: &[u8]) -> DatasetMeta {
    DatasetMeta {
        id: id.to_string(),
        workspace_id: workspace_id.to_string(),
        name: format!("{id}.csv"),
        kind: SourceKind::Accounts,
        size_bytes: bytes.len() as u64,
        loaded_at_ms: 1_700_000_000_001,
        ingest: None,
        options: Default::default(),
    }
}

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap()
}

async fn bytes_of(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}

/// A database of its own per test, so tests never see each other's data.
async fn fresh_store(name: &str) -> Store {
    let factory = idb::Factory::new().unwrap();
    factory.delete(name).unwrap().await.unwrap();
    Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap()
}

const ACCOUNTS: &[u8] = b"Account ID,Account Name\r\n001,Acme \xE2\x80\x93 Europe\r\n";

/// The workbook writer runs in the browser as natively (the clock it reads
/// there is the browser's), and writes the same bytes; the cells handed over
/// as bytes, as the page hands them to its workbook worker, write the same
/// workbook.
#[wasm_bindgen_test]
fn an_excel_export_is_written_in_the_browser_as_on_the_command_line() {
    use sightline::engine::export::{Cell, Export, ExportFormat, Exported, WorkbookCells};
    let cells = || {
        let mut export = Export::new(ExportFormat::Excel, &["Account ID", "employees", "closed"]);
        export.row([
            Cell::Text("007"),
            Cell::Number("1200"),
            Cell::Date("2026-11-23"),
        ]);
        match export.finish() {
            Ok(Exported::Workbook(cells)) => cells,
            other => panic!("an Excel export finishes as cells: {other:?}"),
        }
    };
    let bytes = cells().write().unwrap();
    assert_eq!(&bytes[..2], b"PK");
    assert_eq!(cells().write().unwrap(), bytes);
    let handed_over = WorkbookCells::from_bytes(cells().into_bytes()).unwrap();
    assert_eq!(handed_over.write().unwrap(), bytes);
}

#[wasm_bindgen_test]
async fn a_workspace_with_a_dataset_survives_closing_and_reopening() {
    let name = "test-round-trip";
    let store = fresh_store(name).await;
    let ws = workspace("w1", "EMEA <b>Q3</b>");
    store.put_workspace(&ws).await.unwrap();
    store
        .add_dataset(&dataset("d1", "w1", ACCOUNTS), &blob(ACCOUNTS))
        .await
        .unwrap();
    store
        .put_entry(
            "w1",
            "personas",
            &serde_json::json!([{"name": "Developers"}]),
        )
        .await
        .unwrap();
    store.set_current_workspace("w1").await.unwrap();
    store.close();

    let store = Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap();
    assert_eq!(store.workspaces().await.unwrap(), vec![ws.clone()]);
    assert_eq!(
        store.datasets("w1").await.unwrap(),
        vec![dataset("d1", "w1", ACCOUNTS)]
    );
    assert_eq!(
        bytes_of(&store.dataset_file("d1").await.unwrap()).await,
        ACCOUNTS
    );
    assert_eq!(
        store.current_workspace().await.unwrap().as_deref(),
        Some("w1")
    );
    let personas: Option<serde_json::Value> = store.entry("w1", "personas").await.unwrap();
    assert_eq!(personas, Some(serde_json::json!([{"name": "Developers"}])));
    assert_eq!(store.datasets("other").await.unwrap(), vec![]);

    // Renaming keeps everything else.
    let renamed = Workspace {
        name: "EMEA".to_string(),
        ..ws.clone()
    };
    store.put_workspace(&renamed).await.unwrap();
    assert_eq!(store.workspaces().await.unwrap(), vec![renamed]);

    // A cached reading is kept beside the dataset and goes with it.
    store
        .put_cached_table("d1", &blob(b"SLTB cached"))
        .await
        .unwrap();
    let cached = store
        .cached_table("d1")
        .await
        .unwrap()
        .expect("the cached reading");
    assert_eq!(bytes_of(&cached).await, b"SLTB cached");

    // Deleting a workspace takes its datasets, files, readings and entries with
    // it, and nothing of another workspace.
    store
        .put_workspace(&workspace("w2", "Other"))
        .await
        .unwrap();
    store
        .add_dataset(&dataset("d2", "w2", b"x\n1\n"), &blob(b"x\n1\n"))
        .await
        .unwrap();
    store.delete_workspace("w1").await.unwrap();
    assert_eq!(store.workspaces().await.unwrap().len(), 1);
    assert!(store.dataset_file("d1").await.is_err());
    assert!(store.cached_table("d1").await.unwrap().is_none());
    assert_eq!(store.entries("w1").await.unwrap(), vec![]);
    assert_eq!(
        bytes_of(&store.dataset_file("d2").await.unwrap()).await,
        b"x\n1\n"
    );
    store.delete_dataset("d2").await.unwrap();
    assert_eq!(store.datasets("w2").await.unwrap(), vec![]);
    store.close();
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_migrated_without_losing_a_file() {
    let name = "test-migration";
    idb::Factory::new()
        .unwrap()
        .delete(name)
        .unwrap()
        .await
        .unwrap();

    // Write a database exactly as version 1 of the schema stored it: the file's
    // Blob inline in the dataset record, no `files`, `entries` or `app` stores.
    let old = Store::open_named(name, 1, || panic!("blocked"))
        .await
        .unwrap();
    old.put_workspace(&workspace("w1", "Old")).await.unwrap();
    old.close();
    {
        let factory = idb::Factory::new().unwrap();
        let database = factory.open(name, Some(1)).unwrap().await.unwrap();
        assert_eq!(database.store_names().len(), 2, "version 1 has two stores");
        let transaction = database
            .transaction(&[schema::DATASETS], idb::TransactionMode::ReadWrite)
            .unwrap();
        let record = serde_wasm_bindgen::to_value(&dataset("d1", "w1", ACCOUNTS)).unwrap();
        let record: JsValue =
            js_sys::Object::from_entries(&js_sys::Object::entries(record.unchecked_ref()))
                .unwrap()
                .into();
        js_sys::Reflect::set(&record, &"blob".into(), &blob(ACCOUNTS)).unwrap();
        transaction
            .object_store(schema::DATASETS)
            .unwrap()
            .put(&record, None)
            .unwrap()
            .await
            .unwrap();
        transaction.commit().unwrap().await.unwrap();
        database.close();
    }

    let store = Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap();
    assert_eq!(
        store.workspaces().await.unwrap(),
        vec![workspace("w1", "Old")]
    );
    assert_eq!(
        store.datasets("w1").await.unwrap(),
        vec![dataset("d1", "w1", ACCOUNTS)]
    );
    assert_eq!(
        bytes_of(&store.dataset_file("d1").await.unwrap()).await,
        ACCOUNTS,
        "the Blob moved to `files`"
    );
    store.put_entry("w1", "settings-v2", &1).await.unwrap();
    store.close();

    // The record no longer carries the Blob, and a second open changes nothing.
    let store = Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap();
    assert_eq!(
        bytes_of(&store.dataset_file("d1").await.unwrap()).await,
        ACCOUNTS
    );
    store.close();
    let database = idb::Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    assert_eq!(database.version().unwrap(), schema::CURRENT_VERSION);
    let transaction = database
        .transaction(&[schema::DATASETS], idb::TransactionMode::ReadOnly)
        .unwrap();
    let record = transaction
        .object_store(schema::DATASETS)
        .unwrap()
        .get(JsValue::from_str("d1"))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    assert!(js_sys::Reflect::get(&record, &"blob".into())
        .unwrap()
        .is_undefined());
    database.close();
}

#[wasm_bindgen_test]
async fn a_backup_holds_the_whole_workspace_and_restores_it() {
    let store = fresh_store("test-backup").await;
    let ws = workspace("w1", "Backup me");
    store.put_workspace(&ws).await.unwrap();
    let binary: Vec<u8> = (0..=255u8).collect();
    store
        .add_dataset(&dataset("d1", "w1", ACCOUNTS), &blob(ACCOUNTS))
        .await
        .unwrap();
    store
        .add_dataset(&dataset("d2", "w1", &binary), &blob(&binary))
        .await
        .unwrap();
    store
        .put_entry("w1", "decisions", &serde_json::json!({"001": "confirmed"}))
        .await
        .unwrap();

    let file = backup::build(&store, &ws, 42).await.unwrap();
    let (manifest, datasets) = backup::read(&file).await.unwrap();
    assert_eq!(manifest.workspace, ws);
    assert_eq!(
        manifest.entries,
        vec![(
            "decisions".to_string(),
            serde_json::json!({"001": "confirmed"})
        )]
    );
    assert_eq!(datasets.len(), 2);
    assert_eq!(bytes_of(&datasets[0].1).await, ACCOUNTS);
    assert_eq!(bytes_of(&datasets[1].1).await, binary);

    // Restore over a changed workspace: the backup's state comes back whole.
    store.delete_dataset("d2").await.unwrap();
    store
        .put_workspace(&Workspace {
            name: "Changed".into(),
            ..ws.clone()
        })
        .await
        .unwrap();
    let restored = backup::restore(&store, &file).await.unwrap();
    assert_eq!(restored, ws);
    assert_eq!(store.workspaces().await.unwrap(), vec![ws]);
    assert_eq!(store.datasets("w1").await.unwrap().len(), 2);
    assert_eq!(
        bytes_of(&store.dataset_file("d2").await.unwrap()).await,
        binary
    );

    // A file that is not a backup is refused and changes nothing.
    let refused = backup::restore(&store, &blob(b"Account ID,Name\n"))
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("not a Sightline workspace backup"),
        "{refused}"
    );
    assert_eq!(store.datasets("w1").await.unwrap().len(), 2);
    store.close();
}

#[wasm_bindgen_test]
async fn a_crafted_backup_cannot_overwrite_another_workspace() {
    let store = fresh_store("test-crafted-backup").await;
    let victim = workspace("w-victim", "Victim");
    store.put_workspace(&victim).await.unwrap();
    store
        .add_dataset(&dataset("d-victim", "w-victim", ACCOUNTS), &blob(ACCOUNTS))
        .await
        .unwrap();
    // A backup of another workspace whose dataset takes the victim's id.
    let intruder = workspace("w-intruder", "Intruder");
    let payload = b"Account ID,Name\n666,Overwritten\n";
    let backup_of = |dataset: DatasetMeta| {
        let (_, mut file) = sightline::engine::backup::encode_header(
            intruder.clone(),
            vec![dataset],
            Vec::new(),
            1,
        );
        file.extend_from_slice(payload);
        blob(&file)
    };
    let restore = |file: web_sys::Blob| {
        let store = store.clone();
        async move {
            backup::restore(&store, &file)
                .await
                .unwrap_err()
                .to_string()
        }
    };
    let refused = restore(backup_of(dataset("d-victim", "w-intruder", payload))).await;
    assert!(refused.contains("another workspace"), "{refused}");
    // Nothing of it was kept: the victim's file is whole, no intruder.
    assert_eq!(
        bytes_of(&store.dataset_file("d-victim").await.unwrap()).await,
        ACCOUNTS
    );
    assert_eq!(store.workspaces().await.unwrap(), vec![victim]);
    // A manifest naming another workspace's id for its dataset is refused
    // before the store is touched.
    let refused = restore(backup_of(dataset("d-new", "w-victim", payload))).await;
    assert!(
        refused.contains("belongs to another workspace"),
        "{refused}"
    );
    store.close();
}

#[wasm_bindgen_test]
async fn files_are_stored_as_bytes_every_engine_keeps_and_old_blobs_still_read() {
    let name = "test-array-buffers";
    let store = fresh_store(name).await;
    store
        .put_workspace(&workspace("w-ab", "Bytes"))
        .await
        .unwrap();
    store
        .add_dataset(&dataset("d-ab", "w-ab", ACCOUNTS), &blob(ACCOUNTS))
        .await
        .unwrap();
    store.close();
    // What IndexedDB holds: an ArrayBuffer (WebKit refuses Blobs in some
    // sessions). A Blob an earlier version stored is put beside it.
    let database = idb::Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    let transaction = database
        .transaction(&[schema::FILES], idb::TransactionMode::ReadWrite)
        .unwrap();
    let files = transaction.object_store(schema::FILES).unwrap();
    let raw = files
        .get(JsValue::from_str("d-ab"))
        .unwrap()
        .await
        .unwrap()
        .unwrap();
    assert!(raw.is_instance_of::<js_sys::ArrayBuffer>(), "{raw:?}");
    files
        .put(&blob(b"old,blob\n"), Some(&JsValue::from_str("d-old")))
        .unwrap()
        .await
        .unwrap();
    transaction.commit().unwrap().await.unwrap();
    database.close();
    let store = Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap();
    assert_eq!(
        bytes_of(&store.dataset_file("d-ab").await.unwrap()).await,
        ACCOUNTS
    );
    assert_eq!(
        bytes_of(&store.dataset_file("d-old").await.unwrap()).await,
        b"old,blob\n"
    );
    store.close();
}

// ----- the app, driven as a person would ---------------------------------------

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: u32) {
    gloo::timers::future::TimeoutFuture::new(ms).await;
}

/// Waits until `find` returns something, for up to five seconds.
async fn wait_for<T>(what: &str, find: impl Fn() -> Option<T>) -> T {
    for _ in 0..100 {
        if let Some(found) = find() {
            return found;
        }
        sleep(50).await;
    }
    panic!(
        "timed out waiting for {what}; page: {}",
        document().body().unwrap().inner_text()
    );
}

fn query(selector: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into().ok())
}

fn body_text() -> String {
    document().body().unwrap().inner_text()
}

fn button(label: &str) -> Option<web_sys::HtmlElement> {
    let buttons = document().query_selector_all("button").ok()?;
    (0..buttons.length())
        .filter_map(|index| buttons.get(index)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|button| button.inner_text().trim() == label)
}

#[wasm_bindgen_test]
async fn a_person_creates_a_workspace_and_uploads_a_file() {
    idb::Factory::new()
        .unwrap()
        .delete(schema::DATABASE_NAME)
        .unwrap()
        .await
        .unwrap();
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/")
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let mount = leptos::mount::mount_to(host.clone().unchecked_into(), sightline::ui::root::App);

    wait_for("the welcome page", || {
        body_text().contains("Welcome to Sightline").then_some(())
    })
    .await;
    assert!(
        button("Load demo workspace").is_some(),
        "the demo is one click away"
    );

    // Create a workspace through the form.
    let name: web_sys::HtmlInputElement = query("#new-workspace-name").unwrap().unchecked_into();
    name.set_value("Nordics");
    name.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    button("Create workspace").unwrap().click();
    wait_for("the empty sources view", || {
        body_text().contains("No data yet").then_some(())
    })
    .await;
    assert!(web_sys::window()
        .unwrap()
        .location()
        .hash()
        .unwrap()
        .starts_with("#/w/ws-"));

    // Upload a file: its kind is guessed from the name, the person confirms it.
    let file = web_sys::File::new_with_u8_array_sequence(
        &js_sys::Array::of1(&js_sys::Uint8Array::from(ACCOUNTS)),
        "Salesforce accounts.csv",
    )
    .unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement = query("input[type=file]").unwrap().unchecked_into();
    input.set_files(Some(&transfer.files().unwrap()));
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let kind: web_sys::HtmlSelectElement =
        wait_for("the pending file", || query(".pending-row select"))
            .await
            .unchecked_into();
    assert_eq!(kind.value(), "accounts");
    button("Add").unwrap().click();
    let row = wait_for("the dataset row", || query("table.data-table tbody tr")).await;
    let text = row.inner_text();
    assert!(
        text.contains("Salesforce accounts.csv") && text.contains("CRM accounts"),
        "{text}"
    );
    assert!(
        text.contains("\t1\t") || text.contains(" 1 "),
        "one data row: {text}"
    );

    // A file that is not text is refused with a reason, and nothing is added.
    let workbook = web_sys::File::new_with_u8_array_sequence(
        &js_sys::Array::of1(&js_sys::Uint8Array::from(
            &b"PK\x03\x04 not really a workbook"[..],
        )),
        "accounts.xlsx.csv",
    )
    .unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&workbook).unwrap();
    input.set_files(Some(&transfer.files().unwrap()));
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_for("the pending workbook", || query(".pending-row select")).await;
    button("Add").unwrap().click();
    wait_for("the refusal", || {
        body_text().contains("Nothing was added").then_some(())
    })
    .await;
    assert!(body_text().contains("Excel workbook"), "{}", body_text());
    assert_eq!(
        document()
            .query_selector_all("table.data-table tbody tr")
            .unwrap()
            .length(),
        1
    );

    // The store has it: a reload would bring it back.
    let store = Store::open(|| {}).await.unwrap();
    let workspaces = store.workspaces().await.unwrap();
    assert_eq!(workspaces.len(), 1);
    assert_eq!(workspaces[0].name, "Nordics");
    let datasets = store.datasets(&workspaces[0].id).await.unwrap();
    assert_eq!(datasets.len(), 1);
    assert_eq!(
        bytes_of(&store.dataset_file(&datasets[0].id).await.unwrap()).await,
        ACCOUNTS
    );

    assert_eq!(
        query(".save-status").unwrap().inner_text(),
        "Saved in this browser"
    );

    // User text is shown as text, never as HTML.
    assert!(query("b").is_none());
    drop(mount);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_write_counts_as_in_flight_until_it_is_committed_or_fails() {
    use leptos::prelude::GetUntracked;
    let state = AppState::new(Route::Workspaces);
    state.open_store().await;
    let saved = workspace("ws-in-flight", "In flight");
    let counted_during = state
        .storage
        .save(async |store: Store| {
            let during = state.storage.writes_in_flight.get_untracked();
            store.put_workspace(&saved).await.map(|()| during)
        })
        .await;
    assert_eq!(counted_during, Some(1));
    assert_eq!(state.storage.writes_in_flight.get_untracked(), 0);

    let failed = state
        .storage
        .save(async |_store: Store| Err::<(), _>("the disk is full"))
        .await;
    assert!(failed.is_none());
    assert_eq!(state.storage.writes_in_flight.get_untracked(), 0);
    let notice = state.feedback.notice.get_untracked().unwrap();
    assert!(
        notice.is_error && notice.text == "the disk is full",
        "{notice:?}"
    );
    state.storage.store().unwrap().close();
}

#[wasm_bindgen_test]
async fn a_report_sorts_filters_and_totals_its_rows() {
    use leptos::prelude::*;
    use sightline::engine::accounts::report::{ReportCell, ReportTable};
    use sightline::ui::components::report_table::ReportView;
    // 12,000 rows: the totals of every row are counted in slices after the
    // first paint.
    let rows: Vec<Vec<ReportCell>> = (0..12_000u32)
        .map(|row| {
            vec![
                ReportCell::Text(format!("Account {row:05}")),
                ReportCell::Number(Some(f64::from(row % 10))),
                ReportCell::Number((row % 2 == 0).then_some(1.0)),
            ]
        })
        .collect();
    let table = std::sync::Arc::new(ReportTable {
        columns: vec!["name".into(), "developers".into(), "connectivity".into()],
        rows,
    });
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let mount = leptos::mount::mount_to(
        host.clone().unchecked_into(),
        move || view! { <ReportView report=table.clone()/> },
    );
    let footer = || query("tfoot").map(|footer| footer.inner_text());
    let totals = |expected: &'static str| {
        move || {
            footer()
                .filter(|text| text.split_whitespace().collect::<Vec<_>>().join(" ") == expected)
        }
    };
    // 1,200 rows each of 0..=9 developers; every other row connected.
    // Shown as people read them: thousands separated.
    wait_for("the totals of every row", totals("Total 54,000 6,000")).await;
    // Only numeric columns can be ranged.
    let range_options: Vec<String> = wait_for("the range columns", || {
        let options = document()
            .query_selector_all("#report-range-column option")
            .ok()?;
        (options.length() == 3).then(|| {
            (0..options.length())
                .filter_map(|index| options.get(index)?.text_content())
                .collect()
        })
    })
    .await;
    // Export names are shown in words.
    assert_eq!(range_options, ["no column", "Developers", "Connectivity"]);

    // A text filter: the totals are those of the rows kept.
    let filter: web_sys::HtmlInputElement = query("#report-filter").unwrap().unchecked_into();
    filter.set_value("account 0000");
    filter
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    wait_for("the totals of ten rows", totals("Total 45 5")).await;
    assert!(body_text().contains("10 row(s)"));

    // Sorted by developers, most first: the first row shown has 9.
    button("Developers").unwrap().click();
    button("Developers").unwrap().click();
    wait_for("the sorted rows", || {
        let first = query(".rows-scroller tbody tr:not(.spacer)")?.inner_text();
        first.starts_with("Account 00009").then_some(())
    })
    .await;
    drop(mount);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_replaced_file_never_shows_its_old_rows_after_a_reload() {
    use sightline::engine::ingest::codec;
    let state = AppState::new(Route::Workspaces);
    state.open_store().await;
    let store = state.storage.store().unwrap();
    store
        .put_workspace(&workspace("ws-replace", "Replace"))
        .await
        .unwrap();
    let old_bytes = b"Account ID,Account Name\n001,Old Co\n";
    let old = dataset("ds-replace", "ws-replace", old_bytes);
    store.add_dataset(&old, &blob(old_bytes)).await.unwrap();
    let before = state.load_table(&old).await.unwrap();
    assert_eq!(before.table.text("name", 0).as_deref(), Some("Old Co"));
    // A newer export replaces the file, and its reading is never cached (the
    // tab closed first, or the quota was full).
    let new_bytes = b"Account ID,Account Name\n001,New Co\n002,Second\n";
    let new = DatasetMeta {
        name: "accounts (2).csv".to_string(),
        size_bytes: new_bytes.len() as u64,
        loaded_at_ms: old.loaded_at_ms + 1,
        ..old.clone()
    };
    store.add_dataset(&new, &blob(new_bytes)).await.unwrap();
    let after = state.load_table(&new).await.unwrap();
    assert_eq!(after.table.rows, 2);
    assert_eq!(after.table.text("name", 0).as_deref(), Some("New Co"));
    // A reading of the old file stored late (a load begun before the
    // replace) is never taken for the new one.
    let stale = codec::encode(&before, &old.options, &old.file_key());
    store
        .put_cached_table(&new.id, &blob(&stale))
        .await
        .unwrap();
    assert_eq!(state.load_table(&new).await.unwrap().table.rows, 2);
    // The new file's own reading is kept and used.
    let cached =
        codec::decode(&bytes_of(&store.cached_table(&new.id).await.unwrap().unwrap()).await)
            .unwrap();
    assert_eq!(cached.made_from, new.file_key());
    store.close();
}

#[wasm_bindgen_test]
async fn a_change_made_in_another_tab_is_not_overwritten() {
    // Two tabs: two connections to one database, each with its own memory.
    let name = "test-two-tabs";
    let first = fresh_store(name).await;
    let second = Store::open_named(name, schema::CURRENT_VERSION, || panic!("blocked"))
        .await
        .unwrap();
    first
        .put_workspace(&workspace("w-tabs", "Tabs"))
        .await
        .unwrap();
    let read = |store: Store| async move {
        store
            .entry::<serde_json::Value>("w-tabs", "decisions")
            .await
            .unwrap()
    };
    assert_eq!(read(first.clone()).await, None);
    assert_eq!(read(second.clone()).await, None);
    let mine = serde_json::json!({"001": "confirmed"});
    let theirs = serde_json::json!({"002": "rejected"});
    first.put_entry("w-tabs", "decisions", &mine).await.unwrap();
    // The second tab read the entry before the first wrote it: its write is
    // refused, the first tab's decision stays.
    let refused = second
        .put_entry("w-tabs", "decisions", &theirs)
        .await
        .unwrap_err();
    assert_eq!(refused, sightline::store::StoreError::ChangedElsewhere);
    assert!(refused.to_string().contains("another tab"), "{refused}");
    assert_eq!(read(second.clone()).await, Some(mine.clone()));
    // Once it has read the newer value, it writes over it as usual.
    second
        .put_entry("w-tabs", "decisions", &theirs)
        .await
        .unwrap();
    first
        .put_entry("w-tabs", "decisions", &mine)
        .await
        .unwrap_err();
    assert_eq!(read(first.clone()).await, Some(theirs));
    first.close();
    second.close();
}
