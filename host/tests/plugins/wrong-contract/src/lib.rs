//! Test fixture: exports `splitline:plugin/plugin@0.2.0`.

wit_bindgen::generate!({ path: "wit", world: "scanner-plugin" });

struct Future;

impl exports::splitline::plugin::plugin::Guest for Future {
    fn info() -> String {
        "from the future".into()
    }
}

export!(Future);
