/* An assembly file outside arch/ is itself a violation. */
	.globl uart_fast_putc
uart_fast_putc:
	sb a1, 0(a0)
	ret
