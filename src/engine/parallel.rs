//! Work spread over the machine's cores natively (the command line, benchmarks);
//! in the browser, where a page has one thread, the same calls run in order.

use std::ops::Range;

/// `f` of every index of `range`, in order, computed on every core natively
/// (each thread takes a contiguous share of the range).
pub fn map_range<T: Send>(range: Range<usize>, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let length = range.len();
        if threads > 1 && length > 1 {
            let per_thread = length.div_ceil(threads);
            let f = &f;
            return std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|thread| {
                        let start = range.start + thread * per_thread;
                        let end = (start + per_thread).min(range.end);
                        scope.spawn(move || (start..end).map(f).collect::<Vec<T>>())
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|handle| {
                        handle
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            });
        }
    }
    range.map(f).collect()
}

/// Runs a future whose every await is ready at once (work written to pause
/// for the page, run natively without pausing): one poll finishes it. A
/// future that waits on anything else is a mistake of the caller's, said at
/// once rather than spun on for ever.
pub fn run_ready<T>(future: impl std::future::Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut context) {
        std::task::Poll::Ready(value) => value,
        std::task::Poll::Pending => {
            panic!("run_ready was given a future that waits: only ready pauses can run here")
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let squares = super::map_range(0..10_000, |i| i * i);
        assert_eq!(squares.len(), 10_000);
        assert!(squares
            .iter()
            .enumerate()
            .all(|(i, square)| *square == i * i));
        assert_eq!(super::map_range(5..8, |i| i), vec![5, 6, 7]);
    }
}
