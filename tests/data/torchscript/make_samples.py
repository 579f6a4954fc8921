#!/usr/bin/env python3
"""Makes the TorchScript fixtures in this folder, once: run by hand in this folder
with a python3 that has torch (they were made with Debian's python3-torch 1.13).

tiny_scripted.pt   torch.jit.script of a small module: benign.
tiny_traced.pt     torch.jit.trace of the same module: benign.
hostile_data.pt    tiny_scripted.pt with data.pkl replaced by a pickle that
                   REDUCEs os.system (the rest of the archive unchanged).
hostile_constants.pt  the same payload as constants.pkl.
custom_op.pt       tiny_scripted.pt whose code/ calls torch.ops.evil_ns.run.
quant_dynamic.pt   a dynamically quantized Linear (packed params, torch.classes.quantized): benign.
frozen.pt          torch.jit.freeze of a Conv2d + BatchNorm2d module with complex and int buffers: benign.
lite.ptl           the same module saved for the lite interpreter (bytecode.pkl): benign.
from_file.pt       a scripted module whose forward reads /etc/hostname with torch.from_file.
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


class ConvBn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.bn = torch.nn.BatchNorm2d(2)
        self.register_buffer("c", torch.tensor([1 + 2j]))
        self.register_buffer("i", torch.arange(4, dtype=torch.int64))

    def forward(self, x):
        return self.bn(self.conv(x)) * self.c.real[0] + self.i[0]


class ReadsFile(torch.nn.Module):
    def forward(self, x):
        return x + torch.from_file("/etc/hostname", False, 4, dtype=torch.uint8).sum()


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
    quant = torch.ao.quantization.quantize_dynamic(
        torch.nn.Sequential(torch.nn.Linear(4, 4)), {torch.nn.Linear}, dtype=torch.qint8)
    torch.jit.save(torch.jit.script(quant), "quant_dynamic.pt")
    conv = ConvBn().eval()
    torch.jit.save(torch.jit.freeze(torch.jit.script(conv)), "frozen.pt")
    torch.jit.script(conv)._save_for_lite_interpreter("lite.ptl")
    torch.jit.save(torch.jit.script(ReadsFile()), "from_file.pt")
    print("made with torch", torch.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
