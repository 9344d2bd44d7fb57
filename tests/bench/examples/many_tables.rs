//! Writes the Telegram page with thousands of tables under one heading (or several),
//! for timing the release-built `xtask scrape` on it by hand:
//! `cargo run --release --example many_tables -- N PAGE OUT [ANCHOR…]`, by default
//! under `user` only; see [`bench::many_tables`].

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, page, out, anchors @ ..] = args.as_slice() else {
        eprintln!("usage: many_tables N PAGE OUT [ANCHOR…]");
        std::process::exit(2);
    };
    let count: usize = count.parse().expect("N is a count");
    let source = std::fs::read_to_string(page).expect("readable page");
    let anchors: Vec<&str> = if anchors.is_empty() {
        vec!["user"]
    } else {
        anchors.iter().map(String::as_str).collect()
    };
    std::fs::write(out, bench::many_tables(&source, count, &anchors)).expect("writable output");
}
