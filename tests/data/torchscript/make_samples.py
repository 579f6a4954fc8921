#!/usr/bin/env python3
"""Makes the TorchScript fixtures in this folder, once: run by hand in this folder
with a python3 that has torch (they were made with Debian's python3-torch 1.13).

tiny_scripted.pt   torch.jit.script of a small module: benign.
tiny_traced.pt     torch.jit.trace of the same module: benign.
hostile_data.pt    tiny_scripted.pt with data.pkl replaced by a pickle that
                   REDUCEs os.system (the rest of the archive unchanged).
hostile_constants.pt  the same payload as constants.pkl.
custom_op.pt       tiny_scripted.pt whose code/ calls torch.ops.evil_ns.run.
"""
import io
import pickle
import sys
import zipfile

import torch


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 2)
        self.register_buffer("scale", torch.tensor([2.0]))

    def forward(self, x):
        return self.lin(x) * self.scale + torch.ones(2)


class Payload:
    def __reduce__(self):
        import os
        return (os.system, ("echo pwned",))


def rewrite(src, dst, replace):
    """Copies the zip src to dst, member by member, with replace(name, data) applied."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = replace(info.filename, zin.read(info.filename))
            zout.writestr(info, data)


def main():
    torch.manual_seed(0)
    model = Tiny().eval()
    torch.jit.save(torch.jit.script(model), "tiny_scripted.pt")
    torch.jit.save(torch.jit.trace(model, torch.zeros(1, 3)), "tiny_traced.pt")
    evil = pickle.dumps(Payload(), protocol=2)
    rewrite("tiny_scripted.pt", "hostile_data.pt",
            lambda n, d: evil if n.endswith("/data.pkl") else d)
    rewrite("tiny_scripted.pt", "hostile_constants.pt",
            lambda n, d: evil if n.endswith("/constants.pkl") else d)

    def custom(name, data):
        if name.endswith("code/__torch__.py"):
            return data.replace(b"torch.ones(", b"torch.ops.evil_ns.run(")
        return data
    rewrite("tiny_scripted.pt", "custom_op.pt", custom)
    print("made with torch", torch.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
