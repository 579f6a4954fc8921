FD

save/SaveV2SaveV2

save/RestoreV2	RestoreV2

x	RestoreV2