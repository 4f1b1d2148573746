#include <stdio.h>

int main(void)
{
    puts("vgrev " VGREV_VERSION);
    return 0;
}
