//! Benchmarks of the streaming CLIXML reader and the scope preview.

fn main() {
    divan::main();
}
