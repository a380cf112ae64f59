"""The classroom's rules: exercises with their expected outcomes, and judging what a trainee did against them."""
