"""The seed: the real 2025 data of the Pôle CPS brochure, loaded by ``cps seed``."""
