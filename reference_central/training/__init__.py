"""The classroom on a training central: exercises per trainee, the trainer's view and the end-of-class report."""
