// Studio: the full-screen ncurses visualizer.
import Commands
import CNcurses
