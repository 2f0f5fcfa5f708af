// QKDNetwork: trusted-node relay networks, key pools and satellite passes.
import QKD
