//! Test fixture: a valid component of another world — it greets, it does
//! not scan. The host refuses it before instantiating it.

wit_bindgen::generate!({ path: "wit", world: "greeter" });

struct Greeter;

impl exports::example::greeter::greet::Guest for Greeter {
    fn hello(name: String) -> String {
        format!("Hello, {name}!")
    }
}

impl Guest for Greeter {
    fn run() {}
}

export!(Greeter);
