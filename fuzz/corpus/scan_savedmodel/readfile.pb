

rReadFile