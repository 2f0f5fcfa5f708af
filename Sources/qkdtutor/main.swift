// qkdtutor: the executable only wires commands together; it holds no physics.
import Commands

QKDTutor.main()
