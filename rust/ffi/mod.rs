//! The C ABI. Every `extern "C"` function and all `unsafe` code live here.
