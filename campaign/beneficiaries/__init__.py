"""Beneficiaries: women in difficult circumstances who receive support."""
