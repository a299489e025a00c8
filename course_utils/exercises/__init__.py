"""The tasks of each exercise, defined once: `from course_utils.exercises.m01 import q1, q2`.

One module per exercise (`m00` ... `m09`). Each task says how its right answer is computed from
the course data, which typical mistakes its check recognises (and what it then says), its hints
in steps and, through the nbgrader source in `solutions/`, its worked solution. See
`course_utils.tasks` for how a check judges an answer.
"""

EXERCISES = {
    "m00": "m00_getting_started",
    "m01": "m01_media_landscape",
    "m02": "m02_channel_analysis",
    "m03": "m03_audience_behaviour",
    "m04": "m04_visual_and_video",
    "m05": "m05_criticism_and_dialogue",
    "m06": "m06_crisis_communication",
    "m07": "m07_strategy_and_kpis",
    "m08": "m08_capstone",
    "m09": "m09_your_channel",
}
