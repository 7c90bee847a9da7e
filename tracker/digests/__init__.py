"""The daily e-mail digest for supplier users who opt in."""
