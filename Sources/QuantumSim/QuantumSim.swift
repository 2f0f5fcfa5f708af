// QuantumSim: an exact, small quantum core for polarization qubits.
//
// It knows nothing of terminals. See README.md in this folder for its design.
@_exported import ComplexModule
