/* geometry.h - nodes of the tree matrix from sections (see geometry.c). */
#ifndef NRNCC_GEOMETRY_H
#define NRNCC_GEOMETRY_H

#include <stdio.h>

#include "model.h"

/* Builds nodes, areas, resistances and couplings of a checked model. */
void geometry_build(Model *m);

/* The node of position x of section s (geometry_build first). */
int geom_node_at(const Model *m, int s, double x);
int geom_parent_node(const Model *m, int s);
/* The node of segment j of section s (j = nseg: its x = 1 end). */
int geom_seg_node(const Model *m, int s, int j);

/* Prints the tree as NEURON's h.topology() does. */
void geometry_print_topology(const Model *m, FILE *out);

/* Prints "section,x,area,ri" for every node (um2, megohm). */
void geometry_print_csv(const Model *m, FILE *out);

/* Prints "section,parent,parent_x,n3d,L,nseg" for every section in
 * creation order (NEURON's h.allsec() order); parent_x -1 for roots. */
void geometry_print_sections(const Model *m, FILE *out);

/* "soma(0.5)": the segment a node stands for. */
const char *geometry_node_label(const Model *m, int node, char *buf, size_t n);

#endif
