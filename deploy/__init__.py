"""Starting the server: argument assembly, environment checks and the server setup hook."""
