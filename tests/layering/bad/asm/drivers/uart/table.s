	.section .rodata
	.word 0
