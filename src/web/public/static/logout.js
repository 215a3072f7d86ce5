// The logged-out page closes the window it was opened in, like the original's.
setTimeout(() => window.close(), 5000);
