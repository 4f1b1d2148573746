/* `vgrev replay`: replays review histories through the scheduler, one JSON line per review. */
#ifndef VGREV_CLI_CMD_REPLAY_H
#define VGREV_CLI_CMD_REPLAY_H

/* argv[0] is "replay". Writes the lines to stdout and problems to stderr; returns the exit
 * status: 0 ok, 1 error (bad input, unreadable file), 2 bad usage. */
int cmd_replay(int argc, char **argv);

#endif
