/* Machine power control. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

__attribute__((noreturn)) void arch_poweroff(void);
__attribute__((noreturn)) void arch_reboot(void);

#endif
