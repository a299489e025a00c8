"""Start an IPython kernel for grading, under resource limits.

Run as a script, not imported as part of course_utils (it must not import pandas or the course
before the limits are set):

    python kernel_launcher.py --memory-mb 2048 --file-mb 200 -- -f connection.json

It lowers the process's resource limits (what it can never raise again), then hands over to
ipykernel with the arguments after `--`. The limits apply to every process the student's code
starts. On systems without the `resource` module (Windows) it starts the kernel unlimited.
"""

import argparse
import sys


def _set_limit(name: str, value: int) -> None:
    import resource

    kind = getattr(resource, name, None)
    if kind is None:
        return
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def apply_limits(memory_mb: int, file_mb: int) -> list[str]:
    """Set the memory (address space), file-size and core-dump limits; returns what was set."""
    try:
        import resource  # noqa: F401 (only to find out whether limits are available)
    except ImportError:
        return []
    applied = []
    if memory_mb > 0:
        _set_limit("RLIMIT_AS", memory_mb * 1024 * 1024)
        applied.append(f"memory {memory_mb} MB")
    if file_mb > 0:
        _set_limit("RLIMIT_FSIZE", file_mb * 1024 * 1024)
        applied.append(f"file size {file_mb} MB")
    _set_limit("RLIMIT_CORE", 0)
    return applied


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    kernel_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    own_args = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="kernel_launcher")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--file-mb", type=int, default=0)
    args = parser.parse_args(own_args)
    apply_limits(args.memory_mb, args.file_mb)
    # No debugger in a grading kernel: nothing should step through the hidden tests, and
    # ipykernel's import of debugpy costs each kernel a tenth of a second. ipykernel runs
    # without it when it cannot be imported.
    sys.modules["debugpy"] = None

    from ipykernel.kernelapp import launch_new_instance

    sys.argv = [sys.argv[0], *kernel_args]
    launch_new_instance()


if __name__ == "civic_kernel_launcher":  # run by the grader as `python -c SOURCE` (sandbox.py)
    main()
elif __name__ == "__main__":  # run as a script: drop this file's folder from the path
    sys.path.pop(0)
    main()
