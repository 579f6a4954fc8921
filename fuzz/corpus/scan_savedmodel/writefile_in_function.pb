


f
w	WriteFile