// Selection helpers (host ranking, product suggestions) register their queries here.
export {};
