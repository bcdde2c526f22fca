//! Passes the action catalog's source line (its first line) to the app, for the
//! footer: the browser build does not embed the catalog itself.
fn main() {
    let path = "../engine/data/catalog.txt";
    println!("cargo:rerun-if-changed={path}");
    let first = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.lines().next().map(str::to_string))
        .unwrap_or_default();
    println!("cargo:rustc-env=CATALOG_SOURCE={first}");
}
