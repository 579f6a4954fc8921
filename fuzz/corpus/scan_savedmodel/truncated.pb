éæ

xPlaceholder


wConst

vVarHandleOp

rReadVariableOp

mMatMul

aAdd
	
yRelud
=

