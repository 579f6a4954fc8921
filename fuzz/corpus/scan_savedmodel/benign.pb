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

__inference__traced_save_10
sSaveV2
j
StringJoin
#

__inference_call_5
mMatMul

c__inference_call_5