

qSomeCustomOp