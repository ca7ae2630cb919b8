// Many small allocations per request and per checked profile: mimalloc is measurably faster
// than the system allocator here (see scripts/bench-check).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    server::cli::main()
}
