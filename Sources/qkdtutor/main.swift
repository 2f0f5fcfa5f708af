print("qkdtutor")
