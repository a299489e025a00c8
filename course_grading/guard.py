"""Kernel-side integrity guard for grading (runs inside the participant's kernel).

The grader (execute.GradingExecute) sends this file's source to each grading kernel right after
the kernel starts, before any of the participant's code runs, and calls `install`. The guard
records the pristine state of what a test cell relies on; before every graded cell the grader
calls `check` (`before_test`, which puts that state back, and its report), and after it
`after_test`, which checks that nothing changed while the test ran (a background thread of the
notebook could rebind a helper mid-test: the test is then failed) and removes the test's source
from the session so later cells cannot print the hidden tests. The grader makes these calls as "user expressions" of an empty request, which
IPython evaluates with plain `eval`: no input transformer or pre-run hook of the notebook can
rewrite or skip them.

What `before_test` undoes (each is a known way to make failing tests look passed):

- `get_ipython().showtraceback` (and the shell's, kernel's, compiler's and session's other
  methods) replaced on the instance or on its class;
- the course helpers rebound: names the test cell uses (`expect`, `check_close`, `load`,
  `metrics`, ...) bound to something else, or attributes of the course_utils modules replaced
  (`course_utils.checks._fail = print`), or the module swapped in sys.modules;
- built-in functions replaced (`builtins.len = ...`), input and AST transformers or pre-run
  hooks registered to rewrite the test cell, a trace function, SIGINT ignored (which would
  also stop timeouts from interrupting later cells).

- the functions a comparison relies on outside the course: `math.isclose`, `operator.eq`,
  `numpy.isclose`, `pandas.testing.assert_series_equal`, methods of pandas' DataFrame and
  Series, ... (replaced, or their code swapped).

Some states cannot be undone, so the test is not run at all and is failed with the reason
(`untrusted`): a thread or a process the notebook started is still running (it could watch the
hidden test run and copy it, or rebind a helper while it runs); an audit hook was added (it would
see every code object run); a class made in the notebook redefines what comparisons or number
conversions do (`class S(str): __eq__ = lambda *a: True` makes every equality check pass).
The grader runs test cells without storing them in IPython's history, so no later cell can read
the hidden tests from `In`, `_i`, the history database or its caches.

It reports what it restored; the grader records that in the grading summary. A participant who
rewrites the interpreter's internals can still fool any grader that runs in the same process;
the grader also fails a test whose kernel reply says "error" even if no error was displayed.

This module must not import course_utils at import time: it is exec'd into a fresh namespace.
"""

from __future__ import annotations

import builtins
import contextlib
import linecache
import os
import signal
import sys
import types
import weakref

_COURSE_PACKAGE = "course_utils"
# the exercises' tasks: their caches are emptied and their lists put back before a test
_EXERCISES = "course_utils.exercises."
# Objects of the IPython session whose methods a test result depends on (attribute paths on the
# shell): replaced methods on these objects or their classes are put back.
_SESSION_OBJECTS = ["", "kernel", "compile", "kernel.session", "displayhook", "display_pub"]
_SESSION_TRAITS = [
    "compile",
    "displayhook",
    "display_pub",
    "display_trap",
    "builtin_trap",
    "events",
    "input_transformer_manager",
    "history_manager",
    "kernel",
]
_TRANSFORMER_LISTS = [
    ("input_transformer_manager", "cleanup_transforms"),
    ("input_transformer_manager", "line_transforms"),
    ("input_transformer_manager", "token_transformers"),
    ("", "input_transformers_post"),
    ("", "ast_transformers"),
]
_PRE_RUN_EVENTS = ["pre_execute", "pre_run_cell"]
# Modules outside the course whose functions and classes test cells compare with: what their
# attributes are bound to is put back before each test (attributes added later are left alone).
_PROTECTED_MODULES = [
    "math",
    "cmath",
    "operator",
    "numbers",
    "functools",
    "numpy",
    "numpy.testing",
    "pandas",
    "pandas.testing",
    "pandas.api.types",
]
# Classes whose methods comparisons run (pandas' are Python classes, so they can be patched).
_PROTECTED_CLASSES = [("pandas", "DataFrame"), ("pandas", "Series"), ("pandas", "Index")]
# Special methods that decide what ==, <, float(), round(), bool() ... of an answer say.
_SPOOF_METHODS = frozenset(
    [
        "__eq__",
        "__ne__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__float__",
        "__int__",
        "__index__",
        "__round__",
        "__bool__",
        "__str__",
        "__format__",
        "__hash__",
        "__abs__",
        "__len__",
        "__contains__",
        "__iter__",
        "__array__",
        "__array_ufunc__",
        "__array_function__",
        "__instancecheck__",
        "__subclasscheck__",
        "__getattribute__",
        "__class__",
    ]
)
# ipykernel swaps these for every request (to forward or refuse input())
_KERNEL_MANAGED_BUILTINS = {"input", "raw_input", "getpass"}


def _resolve(root, path: str):
    obj = root
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part)
    return obj


def _is_routine(value) -> bool:
    return isinstance(
        value,
        types.FunctionType
        | types.MethodType
        | types.BuiltinFunctionType
        | staticmethod
        | classmethod
        | property,
    )


class Guard:
    """Snapshot of the pristine session; restores it before each test cell."""

    def __init__(self, shell, imports: str):
        self.shell = shell
        self.imports = imports
        self.reported: set[str] = set()
        self.last: list[str] = []
        self._import_helpers()
        self.builtins = dict(vars(builtins))
        self.sigint = signal.getsignal(signal.SIGINT)
        self.objects = {}
        self.classes = {}
        for path in _SESSION_OBJECTS:
            try:
                obj = _resolve(shell, path)
            except AttributeError:
                continue
            self.objects[path] = (obj, {k: v for k, v in vars(obj).items() if _is_routine(v)})
            for cls in type(obj).__mro__:
                if cls is object or cls in self.classes:
                    continue
                self.classes[cls] = {k: v for k, v in vars(cls).items() if _is_routine(v)}
        self.traits = {
            name: shell._trait_values[name]
            for name in _SESSION_TRAITS
            if name in getattr(shell, "_trait_values", {})
        }
        self.handlers = {}
        kernel = getattr(shell, "kernel", None)
        for name in ("shell_handlers", "control_handlers"):
            if isinstance(getattr(kernel, name, None), dict):
                self.handlers[name] = dict(getattr(kernel, name))
        self.transformers = {}
        for owner, name in _TRANSFORMER_LISTS:
            try:
                self.transformers[(owner, name)] = list(getattr(_resolve(shell, owner), name))
            except AttributeError:
                continue
        self.events = {name: list(shell.events.callbacks.get(name, [])) for name in _PRE_RUN_EVENTS}
        self.modules = self._module_snapshot()
        self.course_objects = _course_objects(self.modules)
        self.protected = self._protected_snapshot()
        for owner, name in _PROTECTED_CLASSES:
            cls = getattr(sys.modules.get(owner), name, None)
            for base in getattr(cls, "__mro__", ()):
                if base is not object and base not in self.classes:
                    self.classes[base] = {k: v for k, v in vars(base).items() if _is_routine(v)}
        self.threads = set(sys._current_frames())
        self.known_classes = weakref.WeakSet(_all_classes())
        self.audit_hooks_added = 0
        _ACTIVE[:] = [self]
        if not _AUDITING:  # one hook per interpreter; it reports to the active guard
            sys.addaudithook(_audit_hook)
            _AUDITING.append(True)

    # -- set-up -------------------------------------------------------------------------------

    def _import_helpers(self) -> dict:
        """Run the notebook's own import statements, never from the working folder.

        The first call (before any student code) loads the course helpers from the course; later
        calls, after the modules are restored, give the pristine objects the names must hold.
        """
        namespace: dict = {}
        saved = list(sys.path)
        cwd = os.getcwd()
        sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]
        try:
            for statement in self.imports.splitlines():
                # a helper that fails to import fails in the test cell too
                with contextlib.suppress(Exception):
                    exec(statement, namespace)
        finally:
            sys.path[:] = saved
        namespace.pop("__builtins__", None)
        return namespace

    def _module_snapshot(self) -> dict:
        snapshot = {}
        for name, module in list(sys.modules.items()):
            if not isinstance(module, types.ModuleType):
                continue
            if name != _COURSE_PACKAGE and not name.startswith(_COURSE_PACKAGE + "."):
                continue
            attributes = dict(vars(module))
            functions = _function_state(attributes)
            snapshot[name] = (module, attributes, functions)
        return snapshot

    def _protected_snapshot(self) -> dict:
        snapshot = {}
        for name in _PROTECTED_MODULES:
            module = sys.modules.get(name)
            if module is None:
                with contextlib.suppress(Exception):
                    module = __import__(name, fromlist=["_"])
            if not isinstance(module, types.ModuleType):
                continue
            attributes = {
                key: value
                for key, value in vars(module).items()
                if callable(value) and not isinstance(value, types.ModuleType)
            }
            functions = _function_state(attributes)
            snapshot[name] = (module, attributes, functions)
        return snapshot

    def close(self) -> None:
        """Stop being the active guard (tests that create several guards in one process)."""
        if self in _ACTIVE:
            _ACTIVE.remove(self)

    # -- what cannot be undone ----------------------------------------------------------------

    def _running_threads(self) -> list[str]:
        """Threads started since the guard that run code of the notebook (not of a library).

        Libraries start threads of their own while cells run (ipykernel flushes large outputs
        from one): a thread counts when a frame of its stack, or the function it was given to
        run, comes from a notebook cell or from code compiled at run time.
        """
        import threading

        objects = {t.ident: t for t in threading.enumerate()}
        found = []
        for ident, frame in sys._current_frames().items():
            if ident in self.threads:
                continue
            codes = []
            while frame is not None:
                codes.append(frame.f_code)
                frame = frame.f_back
            thread = objects.get(ident)
            for attribute in ("_target", "function", "run"):
                code = getattr(getattr(thread, attribute, None), "__code__", None)
                if code is not None:
                    codes.append(code)
            if any(not _library_code(code) for code in codes):
                found.append(getattr(thread, "name", None) or f"thread {ident}")
        return found

    @staticmethod
    def _child_processes() -> list[int]:
        """Processes this kernel started that still run (Linux; elsewhere none are seen)."""
        children = []
        try:
            tasks = os.listdir("/proc/self/task")
        except OSError:
            return []
        for task in tasks:
            try:
                with open(f"/proc/self/task/{task}/children") as handle:
                    pids = [int(p) for p in handle.read().split()]
            except (OSError, ValueError):
                continue
            for pid in pids:
                try:
                    with open(f"/proc/{pid}/stat") as handle:
                        state = handle.read().rsplit(")", 1)[1].split()[0]
                except (OSError, IndexError):
                    continue
                if state not in ("Z", "X"):
                    children.append(pid)
        return children

    def _spoofing_classes(self) -> list[str]:
        """Classes made since the guard started that redefine comparisons or conversions."""
        found = []
        for cls in _all_classes():
            if cls in self.known_classes:
                continue
            methods = _SPOOF_METHODS & set(vars(cls))
            if not methods:
                with contextlib.suppress(TypeError):
                    self.known_classes.add(cls)  # harmless, do not look at it again
                continue
            if _from_library(cls):
                continue
            found.append(f"{cls.__qualname__} ({', '.join(sorted(methods)[:3])})")
        return found

    def untrusted(self) -> list[str]:
        """Why a test cannot be trusted to run now (empty if it can)."""
        reasons = []
        threads = self._running_threads()
        if threads:
            reasons.append(
                "a background thread the notebook started is still running "
                f"({', '.join(threads[:3])}): it could watch or change the test"
            )
        children = self._child_processes()
        if children:
            reasons.append(
                f"{len(children)} process(es) the notebook started are still running "
                "(they could watch the test)"
            )
        if self.audit_hooks_added:
            reasons.append("the notebook tried to add an audit hook (it could watch the test)")
        spoofing = self._spoofing_classes()
        if spoofing:
            reasons.append(
                "a class made in the notebook changes what comparisons or conversions answer: "
                + "; ".join(spoofing[:3])
            )
        return reasons

    # -- restoring ----------------------------------------------------------------------------

    def _note(self, what: str) -> None:
        self.last.append(what)

    def _restore_interpreter(self) -> None:
        if sys.gettrace() is not None:
            sys.settrace(None)
            self._note("a trace function (sys.settrace)")
        if sys.getprofile() is not None:
            sys.setprofile(None)
            self._note("a profile function (sys.setprofile)")
        if signal.getsignal(signal.SIGINT) is not self.sigint:
            signal.signal(signal.SIGINT, self.sigint)
            self._note("the SIGINT handler (needed to stop cells that time out)")
        current = vars(builtins)
        # IPython adds get_ipython, exit and quit while a cell runs, ipykernel swaps input()
        managed = _KERNEL_MANAGED_BUILTINS | set(
            getattr(getattr(self.shell, "builtin_trap", None), "auto_builtins", {})
        )
        changed = [
            k for k, v in self.builtins.items() if current.get(k) is not v and k not in managed
        ]
        for key in changed:
            setattr(builtins, key, self.builtins[key])
        if changed:
            self._note("built-in " + ", ".join(sorted(changed)[:5]))

    def _restore_session(self) -> None:
        shell = self.shell
        for name, value in self.traits.items():
            if shell._trait_values.get(name) is not value:
                shell._trait_values[name] = value
                self._note(f"get_ipython().{name}")
        for path, (obj, methods) in self.objects.items():
            label = f"get_ipython(){'.' + path if path else ''}"
            instance = vars(obj)
            for key in list(instance):
                value = instance[key]
                if key in methods:
                    if value is not methods[key]:
                        instance[key] = methods[key]
                        self._note(f"{label}.{key}")
                elif _is_routine(value) and any(key in vars(c) for c in type(obj).__mro__):
                    del instance[key]
                    self._note(f"{label}.{key}")
        for cls, methods in self.classes.items():
            current = vars(cls)
            for key, value in methods.items():
                if current.get(key) is not value:
                    try:
                        setattr(cls, key, value)
                        self._note(f"{cls.__name__}.{key}")
                    except (AttributeError, TypeError):
                        pass
            for key in [k for k, v in current.items() if k not in methods and _is_routine(v)]:
                if not key.startswith("__"):
                    try:
                        delattr(cls, key)
                        self._note(f"{cls.__name__}.{key}")
                    except (AttributeError, TypeError):
                        pass
        kernel = getattr(shell, "kernel", None)
        for name, handlers in self.handlers.items():
            table = getattr(kernel, name, None)
            if isinstance(table, dict) and table != handlers:
                table.clear()
                table.update(handlers)
                self._note(f"kernel.{name}")
        for (owner, name), saved in self.transformers.items():
            try:
                parent = _resolve(shell, owner)
                current = getattr(parent, name)
            except AttributeError:
                continue
            if not isinstance(current, list):
                setattr(parent, name, list(saved))
                self._note(f"{owner or 'shell'}.{name}")
            elif current != saved:
                current[:] = saved
                self._note(f"{owner or 'shell'}.{name}")
        callbacks = shell.events.callbacks
        for name, saved in self.events.items():
            if callbacks.get(name, []) != saved:
                callbacks[name] = list(saved)
                self._note(f"'{name}' event callbacks")

    def _restore_modules(self) -> None:
        for name, entry in self._module_snapshot().items():
            if name not in self.modules:  # imported since: protect it from now on
                self.modules[name] = entry
                for key, value in _course_objects({name: entry}).items():
                    self.course_objects.setdefault(key, value)
        for name, entry in self.modules.items():
            self._restore_module(name, *entry, drop_added=True)
        self._restore_course_objects()
        for name, entry in self.protected.items():
            self._restore_module(name, *entry, drop_added=False)

    def _restore_module(
        self, name: str, module, attributes: dict, functions: dict, drop_added: bool
    ) -> None:
        """Put a module back in sys.modules with its snapshot's attributes and function code;
        with drop_added (the course's own modules) also remove names the notebook added."""
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            self._note(f"sys.modules[{name!r}]")
        current = vars(module)
        changed = [k for k, v in attributes.items() if current.get(k) is not v]
        added = (
            [
                k
                for k, v in current.items()
                if k not in attributes
                and not k.startswith("__")
                and not (isinstance(v, types.ModuleType) and v.__name__.startswith(_COURSE_PACKAGE))
            ]
            if drop_added
            else []
        )
        for key in changed:
            current[key] = attributes[key]
        for key in added:
            del current[key]
        changed += _restore_functions(functions)
        if changed or added:
            self._note(f"{name}.{', '.join(sorted(set(changed + added))[:5])}")

    def _restore_course_objects(self) -> None:
        """Put back the course's own classes, objects and containers as they were (an exercise
        task's check replaced on the object or its class, the object's class swapped, its
        expected answer's code changed, a module's list of columns edited), and empty the
        exercises' caches of computed data, which a notebook could have changed in place."""
        for obj, kind, saved, functions in self.course_objects.values():
            label = getattr(obj, "__name__", type(obj).__name__)
            if kind == "class":
                current = vars(obj)
                for key, value in saved.items():
                    if current.get(key, _MISSING) is not value:
                        with contextlib.suppress(AttributeError, TypeError):
                            setattr(obj, key, value)
                            self._note(f"{label}.{key}")
                for key in [k for k in current if k not in saved]:
                    with contextlib.suppress(AttributeError, TypeError):
                        delattr(obj, key)
                        self._note(f"{label}.{key}")
            elif kind == "container":
                label, items = saved
                if _container_changed(obj, items):
                    if isinstance(obj, list):
                        obj[:] = items
                    else:
                        obj.clear()
                        obj.update(items)
                    self._note(f"the contents of {label}")
            elif kind == "cache":
                obj.cache_clear()
            else:
                cls, fields = saved
                if type(obj) is not cls:
                    object.__setattr__(obj, "__class__", cls)
                    self._note(f"{label}.__class__")
                current = vars(obj)
                changed = [
                    k
                    for k in set(current) | set(fields)
                    if current.get(k, _MISSING) is not fields.get(k, _MISSING)
                ]
                if changed:
                    current.clear()
                    current.update(fields)
                    self._note(f"{label}.{', '.join(sorted(changed)[:3])}")
            changed = _restore_functions(functions)
            if changed:
                self._note(f"{label}.{', '.join(sorted(changed)[:3])}")

    def _rebind(self) -> None:
        namespace = self.shell.user_ns
        for name, value in self._import_helpers().items():
            if namespace.get(name, self) is value:
                continue
            if name in namespace:
                self._note(f"the name `{name}`")
            namespace[name] = value

    def _forget_last_error(self) -> None:
        """Drop the last exception: its frames hold memory, and the test's code if it failed."""
        for name in ("last_type", "last_value", "last_traceback", "last_exc"):
            if hasattr(sys, name):
                setattr(sys, name, None)
        if hasattr(self.shell, "last_execution_result"):
            self.shell.last_execution_result = None

    def before_test(self) -> None:
        """Put back everything a test cell relies on; remember what had been changed."""
        self.last = []
        for step in (
            self._forget_last_error,
            self._restore_interpreter,
            self._restore_session,
            self._restore_modules,
            self._rebind,
        ):
            try:
                step()
            except Exception as err:  # keep going: restore as much as possible
                self._note(f"(could not finish a check: {type(err).__name__}: {err})")

    def check(self) -> dict:
        """before_test, then what it restored and why the test cannot run, if it cannot.

        The grader calls this as a user expression before every graded cell.
        """
        self.before_test()
        try:
            untrusted = self.untrusted()
        except Exception as err:
            untrusted = [f"the grader could not check the session ({type(err).__name__})"]
        return {"restored": self.report(), "untrusted": untrusted}

    def report(self) -> list[str]:
        """What the last before_test restored, each item reported once per kernel."""
        fresh = [item for item in self.last if item not in self.reported]
        self.reported.update(fresh)
        return fresh

    def after_test(self, source: str, names: list[str]) -> list[str]:
        """Check nothing changed while the test ran, then forget the test cell.

        Returns what had been changed *during* the test (a background thread of the notebook
        rebinding a helper, say): the grader then fails the test. Forgetting removes the test's
        source from the history and the line cache, and its private names.
        """
        self.before_test()
        changed = list(self.last)
        shell = self.shell
        text = source.strip()
        history = getattr(shell, "history_manager", None)
        for attribute in ("input_hist_parsed", "input_hist_raw"):
            entries = getattr(history, attribute, None)
            if isinstance(entries, list):
                for i, entry in enumerate(entries):
                    if isinstance(entry, str) and entry.strip() == text:
                        entries[i] = ""
        # the grader runs tests with store_history=False, so these should never hold a test;
        # scrub them anyway in case a test was run with history (nbgrader's own Execute)
        cache = getattr(history, "db_input_cache", None)
        if isinstance(cache, list):
            cache[:] = [
                entry
                for entry in cache
                if not (isinstance(entry, tuple) and any(str(e).strip() == text for e in entry))
            ]
        namespace = shell.user_ns
        for key in [k for k in list(namespace) if k.startswith("_i")]:
            value = namespace.get(key)
            if isinstance(value, str) and value.strip() == text:
                namespace[key] = ""
        for key, entry in list(linecache.cache.items()):
            cell = key.startswith("<") or "ipykernel_" in key  # cells, not library files
            if cell and len(entry) >= 3 and "".join(entry[2] or []).strip() == text:
                del linecache.cache[key]
        for name in names:
            namespace.pop(name, None)
        self._forget_last_error()
        return changed


def _is_course_object(value) -> bool:
    return (
        type(value).__module__.startswith(_COURSE_PACKAGE)
        and hasattr(value, "__dict__")
        and not isinstance(value, type | types.ModuleType | types.FunctionType)
    )


_MISSING = object()


def _course_objects(modules: dict) -> dict:
    """The course's own classes, the objects of them its modules hold (an exercise's tasks and
    the mistakes inside them), its modules' lists, dicts and sets, and the exercises' caches:
    what each holds, to put back before every test."""
    found: dict = {}

    def visit(value, depth: int) -> None:
        if id(value) in found or depth > 3:
            return
        if isinstance(value, type):
            attributes = dict(vars(value))
            found[id(value)] = (value, "class", attributes, _function_state(attributes))
        elif _is_course_object(value):
            fields = dict(vars(value))
            held = {}
            for key, item in fields.items():
                # only plain tuples: a tuple subclass may compute its items when iterated
                items = tuple.__iter__(item) if type(item) is tuple else (item,)
                for i, part in enumerate(items):
                    if isinstance(part, types.FunctionType):
                        held[f"{key}[{i}]"] = part
                    elif _is_course_object(part):
                        visit(part, depth + 1)
            found[id(value)] = (value, "object", (type(value), fields), _function_state(held))

    for name, (_module, attributes, _functions) in modules.items():
        for key, value in attributes.items():
            if (isinstance(value, type) and value.__module__ == name) or _is_course_object(value):
                visit(value, 0)
            elif (
                name.startswith(_EXERCISES)
                and type(value) in (list, dict, set)
                and not key.startswith("__")
            ):  # an exercise's lists of columns, labels, ...: constants a test relies on
                label = f"{name.rsplit('.', 1)[-1]}.{key}"
                found[id(value)] = (value, "container", (label, _copy_container(value)), {})
            elif name.startswith(_EXERCISES) and callable(getattr(value, "cache_clear", None)):
                found[id(value)] = (value, "cache", None, _function_state({key: value}))
    return found


def _container_changed(current, saved) -> bool:
    """Has a module's list, dict or set changed (its items compared by identity)?"""
    if isinstance(current, set):
        return current != saved
    if len(current) != len(saved):
        return True
    if isinstance(current, dict):
        return any(k not in saved or current[k] is not saved[k] for k in current)
    return any(a is not b for a, b in zip(current, saved, strict=True))


def _copy_container(value):
    return list(value) if isinstance(value, list) else value.copy()


def _function_state(attributes: dict) -> dict:
    """What a Python function's behaviour depends on: its code and its default arguments."""
    state = {}
    for key, value in attributes.items():
        function = getattr(value, "__wrapped__", value)  # a cached function's own code too
        if isinstance(function, types.FunctionType):
            state[key] = (
                function,
                function.__code__,
                function.__defaults__,
                function.__kwdefaults__,
            )
    return state


def _restore_functions(functions: dict) -> list[str]:
    """Put back the code and defaults of functions; the names of those that had changed."""
    changed = []
    for key, (function, code, defaults, kwdefaults) in functions.items():
        if function.__code__ is not code:
            function.__code__ = code
            changed.append(key)
        if function.__defaults__ is not defaults or function.__kwdefaults__ is not kwdefaults:
            function.__defaults__ = defaults
            function.__kwdefaults__ = kwdefaults
            changed.append(key)
    return changed


_ACTIVE: list[Guard] = []  # the guard of this interpreter
_AUDITING: list[bool] = []


def _audit_hook(event: str, args) -> None:
    # An audit hook sees every code object that runs, the hidden tests' included: refuse new
    # ones (an exception from an existing hook makes sys.addaudithook skip the new hook).
    if event == "sys.addaudithook" and _ACTIVE:
        _ACTIVE[-1].audit_hooks_added += 1
        raise RuntimeError("the grader does not allow audit hooks")


def _all_classes() -> list[type]:
    """Every class alive in the interpreter (all subclasses of object, recursively)."""
    seen: set[int] = set()
    found: list[type] = []
    stack = [object]
    while stack:
        cls = stack.pop()
        try:
            subclasses = type.__subclasses__(cls)
        except TypeError:
            continue
        for sub in subclasses:
            if id(sub) not in seen:
                seen.add(id(sub))
                found.append(sub)
                stack.append(sub)
    return found


def _library_code(code) -> bool:
    """True for code compiled from a module file; False for notebook cells and exec'd text."""
    filename = code.co_filename
    if "ipykernel_" in filename:
        return False  # ipykernel compiles each cell to /tmp/ipykernel_<pid>/<hash>.py
    return os.path.isabs(filename) or (
        filename == "<string>" and "__create_fn__" in code.co_qualname
    )


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: set on every class Python code creates


def _from_library(cls: type) -> bool:
    """True if `cls` is defined in an imported module file (not in the notebook)."""
    if not cls.__flags__ & _HEAP_TYPE:
        # a static type exists only in a compiled extension (regex's _regex.Match, imported by
        # dateparser when a notebook imports platform exports): no notebook code can make one,
        # and its __module__ ("_regex") need not be the name it was imported under
        return True
    module = sys.modules.get(getattr(cls, "__module__", None) or "")
    if module is None or module.__name__ == "__main__" or not getattr(module, "__file__", None):
        return False
    # a method written in a notebook cell or exec'd, whatever __module__ says, is not a library's
    codes = [getattr(value, "__code__", None) for value in vars(cls).values()]
    return all(_library_code(code) for code in codes if code is not None)


def install(token: str, imports: str) -> None:
    """Create the guard for this kernel and register it in sys.modules under `token`.

    `imports` are the import statements of the notebook's set-up and test cells, as written in
    the assignment's source (one per line): the names a test cell may rely on.
    """
    shell = get_ipython()  # noqa: F821 (the kernel's IPython shell)
    sys.modules[token] = Guard(shell, imports)
