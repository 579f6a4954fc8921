Œ‰
†
nReluReluReluReluReluReluReluReluReluReluReluReluReluReluReluReluReluReluReluRelu	WriteFile