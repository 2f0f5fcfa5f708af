import QuantumSim
