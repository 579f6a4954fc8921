!

xPlaceholder

pPyFunc