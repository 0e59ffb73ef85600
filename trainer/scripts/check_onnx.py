"""Runs the ONNX checker (with full shape inference) on exported graphs.

Usage: /usr/bin/python3 check_onnx.py MODEL.onnx|BUNDLE_DIR ...

Needs Debian's python3-onnx (apt-get install -y python3-onnx); run it with /usr/bin/python3.
A folder is searched for *.onnx files. Prints one line per graph; exits 1 if any graph fails.
"""
import pathlib
import sys

import onnx


def graphs(args):
    for arg in args:
        path = pathlib.Path(arg)
        yield from sorted(path.rglob("*.onnx")) if path.is_dir() else [path]


def main(args):
    failed = 0
    for path in graphs(args):
        try:
            model = onnx.load(str(path))
            onnx.checker.check_model(model, full_check=True)
            opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
            print(f"ok   {path}: ir {model.ir_version}, opset {opsets}, {len(model.graph.node)} nodes, "
                  f"{len(model.graph.initializer)} initializers")
        except Exception as e:  # the checker raises ValidationError / InferenceError; report any failure per graph
            failed += 1
            print(f"FAIL {path}: {type(e).__name__}: {e}")
    print(f"onnx {onnx.__version__}: {failed} of the graphs failed" if failed else f"onnx {onnx.__version__}: all graphs pass")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
