"""The demo and training data set: carnets, offices and accounts with dates relative to today."""
