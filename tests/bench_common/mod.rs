//! What the benchmarks in headless Chromium share: the clock, the WASM
//! memory, and reading a generated dataset in slices as the page reads a file.

use sightline::engine::demo::Demo;
use sightline::engine::ingest::IngestOptions;
use sightline::engine::source_kind::SourceKind;

/// Milliseconds since the page (or the worker) started.
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    // `performance` of whichever global runs the test: a window or a worker.
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|performance| performance.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}

/// Bytes of WASM linear memory the page holds now.
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().into();
    js_sys::ArrayBuffer::from(memory.buffer()).byte_length() as f64
}

/// Feeds what the demo generator writes straight into a scan or a reading, in
/// slices, as the page feeds a file's slices: no whole file is ever in memory.
struct Sink<'a> {
    buffer: Vec<u8>,
    target: Target<'a>,
    /// Bytes passed on so far (the scan pass measures the file this way).
    passed: u64,
}

enum Target<'a> {
    Scan(&'a mut sightline::engine::ingest::Scan),
    Read(&'a mut sightline::engine::ingest::Ingestion),
}

impl Sink<'_> {
    fn pass(&mut self, last: bool) {
        use sightline::engine::ingest::Step;
        let slice = std::mem::take(&mut self.buffer);
        self.passed += slice.len() as u64;
        match &mut self.target {
            Target::Scan(scan) => scan.feed(&slice, last),
            Target::Read(reading) => {
                reading.feed(&slice, last);
                while reading.step(1 << 16) == Step::Working {}
            }
        }
    }
}

impl std::io::Write for Sink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= sightline::engine::ingest::SLICE_BYTES {
            self.pass(false);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Reads a generated dataset in slices; returns its reading.
pub fn read_generated(demo: &Demo, kind: SourceKind) -> sightline::engine::ingest::Ingested {
    use sightline::engine::ingest::{plan, Ingestion, Scan};
    let mut head = Vec::new();
    let mut limited = std::io::Write::by_ref(&mut head);
    let _ = demo.write(
        kind,
        LimitedWriter {
            inner: &mut limited,
            left: 1 << 20,
        },
    );
    let mut plan = plan(&head, kind, &IngestOptions::default()).expect("a plan");
    // The scan pass (for files without a byte-order mark) also measures the
    // file, which sizes the columns up front, as in the page.
    let size = if plan.needs_scan() {
        let mut scan = Scan::new(&plan);
        let passed = feed_generated(demo, kind, Target::Scan(&mut scan));
        plan = scan.finish(plan);
        passed
    } else {
        let mut counter = Counter(0);
        demo.write(kind, &mut counter).expect("generated");
        counter.0
    };
    let mut reading = Ingestion::new(plan, size);
    feed_generated(demo, kind, Target::Read(&mut reading));
    reading.finish()
}

/// Generates a dataset into `target`, slice by slice; the bytes it passed.
fn feed_generated(demo: &Demo, kind: SourceKind, target: Target<'_>) -> u64 {
    let mut sink = Sink {
        buffer: Vec::new(),
        target,
        passed: 0,
    };
    demo.write(kind, &mut sink).expect("generated");
    sink.pass(true);
    sink.passed
}

/// Counts the bytes written to it.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Keeps the first bytes a writer is given (the head a plan reads), then
/// refuses more, which stops the generator.
struct LimitedWriter<'a, W: std::io::Write> {
    inner: &'a mut W,
    left: usize,
}

impl<W: std::io::Write> std::io::Write for LimitedWriter<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::other("the head is full"));
        }
        let kept = bytes.len().min(self.left);
        self.inner.write_all(&bytes[..kept])?;
        self.left -= kept;
        Ok(kept)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
